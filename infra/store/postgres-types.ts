import pg from 'pg';

const INT8 = 20;

/** BIGINT positions as numbers (exact up to 2^53, far past any log this store will hold); every other type as pg reads it. */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8 ? (value: string): number => Number(value) : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof pg.types.getTypeParser,
};
