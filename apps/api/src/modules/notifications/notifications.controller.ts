import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import { NotificationsService, type NotificationView } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's own notifications, newest first. */
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<NotificationView[]> {
    return this.notifications.list(user);
  }

  @Post(':notificationId/read')
  @HttpCode(204)
  markRead(@CurrentUser() user: AuthUser, @Param('notificationId', new ParseUUIDPipe({ exceptionFactory: () => new DomainError('NotFound') })) id: string): Promise<void> {
    return this.notifications.markRead(user, id);
  }
}
