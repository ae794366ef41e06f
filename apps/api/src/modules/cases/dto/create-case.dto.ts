import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

export class CreateCaseDto {
  @ApiProperty({ description: "The child's display name (no CPR number).", maxLength: 120 })
  @IsString()
  @Length(1, 120)
  childName!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Birth date, or give birthYear instead.' })
  @ValidateIf((dto: CreateCaseDto) => dto.childBirthYear === undefined || dto.childBirthYear === null || dto.childBirthDate !== undefined)
  @IsDateString({ strict: true })
  childBirthDate?: string;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100 })
  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  childBirthYear?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 12, default: 3, description: 'Months between follow-ups.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  followUpIntervalMonths?: number;
}
