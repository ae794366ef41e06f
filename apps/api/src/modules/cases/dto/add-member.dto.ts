import { ApiProperty } from '@nestjs/swagger';
import { CASE_ROLES, type CaseRole } from '@samraad/domain';
import { IsIn, IsUUID } from 'class-validator';

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ enum: CASE_ROLES })
  @IsIn(CASE_ROLES)
  role!: CaseRole;
}
