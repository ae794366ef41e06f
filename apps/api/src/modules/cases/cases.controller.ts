import { Body, Controller, Get, Ip, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import type { CaseAccess } from './case-access.service.js';
import { CaseScoped, CurrentCase } from './case-scoped.decorator.js';
import { CasesService, type CaseView } from './cases.service.js';
import { CreateCaseDto } from './dto/create-case.dto.js';
import { UpdateCaseDto } from './dto/update-case.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Ip() ip: string): Promise<CaseView[]> {
    return this.cases.listMine(user, ip);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCaseDto, @Ip() ip: string): Promise<CaseView> {
    return this.cases.create(user, dto, ip);
  }

  @Get(':caseId')
  @CaseScoped('case', 'read', 'case.read')
  get(@CurrentCase() access: CaseAccess): CaseView {
    return this.cases.get(access);
  }

  @Patch(':caseId')
  @CaseScoped('case', 'write', 'case.update')
  update(@CurrentCase() access: CaseAccess, @Body() dto: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(access, dto);
  }
}
