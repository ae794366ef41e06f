import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { CaseAccess } from './case-access.service.js';
import { CaseScoped, CurrentCase } from './case-scoped.decorator.js';
import { AddMemberDto } from './dto/add-member.dto.js';
import { MembersService, type MemberView } from './members.service.js';

const memberIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('MemberNotFound') });

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @CaseScoped('members', 'read', 'member.list')
  list(@CurrentCase() access: CaseAccess): Promise<MemberView[]> {
    return this.members.list(access);
  }

  @Post()
  @CaseScoped('members', 'write', 'member.add')
  add(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: AddMemberDto): Promise<MemberView> {
    return this.members.add(user, access, dto);
  }

  @Delete(':userId')
  @HttpCode(204)
  @CaseScoped('members', 'write', 'member.remove')
  remove(@CurrentCase() access: CaseAccess, @Param('userId', memberIdPipe) userId: string): Promise<void> {
    return this.members.remove(access, userId);
  }
}
