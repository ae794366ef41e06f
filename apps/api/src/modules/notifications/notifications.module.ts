import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({ controllers: [NotificationsController], providers: [NotificationsService, MailSender], exports: [NotificationsService] })
export class NotificationsModule {}
