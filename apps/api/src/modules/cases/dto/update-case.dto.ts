import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

/** Validates a field whenever it is present, null included: `@IsOptional` would let null through to a NOT NULL column. */
const IfPresent = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class UpdateCaseDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IfPresent()
  @IsString()
  @Length(1, 120)
  childName?: string;

  /** null clears it; the case must keep a birth date or a birth year (checked by the service). */
  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @IsDateString({ strict: true })
  childBirthDate?: string | null;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1990)
  @Max(2100)
  childBirthYear?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 12 })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(12)
  followUpIntervalMonths?: number;
}
