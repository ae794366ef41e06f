import { Body, Controller, Get, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { AdminService, type OrganisationView, type UserView } from './admin.service.js';
import { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import { CreateUserDto } from './dto/create-user.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller()
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('organisations')
  listOrganisations(@CurrentUser() user: AuthUser): Promise<OrganisationView[]> {
    return this.admin.listOrganisations(user);
  }

  @Post('admin/organisations')
  createOrganisation(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganisationDto, @Ip() ip: string): Promise<OrganisationView> {
    return this.admin.createOrganisation(user, dto, ip);
  }

  @Get('users')
  listUsers(@CurrentUser() user: AuthUser, @Ip() ip: string): Promise<UserView[]> {
    return this.admin.listUsers(user, ip);
  }

  @Post('admin/users')
  createUser(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto, @Ip() ip: string): Promise<UserView> {
    return this.admin.createUser(user, dto, ip);
  }
}
