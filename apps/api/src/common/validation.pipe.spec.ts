import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@samraad/domain';
import { IsDateString, IsInt, IsOptional, IsString } from 'class-validator';
import { createValidationPipe } from './validation.pipe.js';

class PeriodQuery {
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;
}

class SearchQuery {
  @IsString()
  q!: string;
}

class PageQuery {
  @IsOptional()
  @IsInt()
  limit: number = 20;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe('validation pipe', () => {
  it('turns an empty query into the DTO, every time', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) {
      const result = await pipe.transform({}, query(PeriodQuery));
      expect(result).toBeInstanceOf(PeriodQuery);
      expect({ ...(result as object) }).toEqual({});
    }
  });

  it('still validates queries with parameters after an empty one', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, query(PeriodQuery));
    expect(await pipe.transform({ from: '2026-01-01' }, query(PeriodQuery))).toEqual(Object.assign(new PeriodQuery(), { from: '2026-01-01' }));
    await expect(pipe.transform({ from: 'yesterday' }, query(PeriodQuery))).rejects.toThrow(DomainError);
    await expect(pipe.transform({ sneaky: '1' }, query(PeriodQuery))).rejects.toThrow(DomainError);
  });

  it('refuses an empty query for a DTO with a required field, every time', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++) await expect(pipe.transform({}, query(SearchQuery))).rejects.toThrow(DomainError);
    expect(await pipe.transform({ q: 'Barn' }, query(SearchQuery))).toBeInstanceOf(SearchQuery);
  });

  it('keeps a DTO’s defaults for an empty query', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) expect(await pipe.transform({}, query(PageQuery))).toEqual(Object.assign(new PageQuery(), { limit: 20 }));
  });
});
