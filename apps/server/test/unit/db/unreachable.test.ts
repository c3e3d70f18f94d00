import { describe, expect, it } from 'vitest';
import { databaseUnreachableMessage } from '../../../src/db/unreachable.js';

const url = 'postgres://gongzhi:s3cret-pw@db.example:6543/gongzhi';
const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6543'), { code: 'ECONNREFUSED' });

describe('start-up message for an unreachable PostgreSQL', () => {
  it('names host, port and database in Chinese and English, never the password', () => {
    const m = databaseUnreachableMessage(refused, url)!;
    expect(m).toContain('无法连接数据库');
    expect(m).toContain('cannot reach the database');
    expect(m).toContain('db.example:6543/gongzhi');
    expect(m).not.toContain('s3cret-pw');
  });

  it('recognises happy-eyeballs AggregateErrors and name look-up failures', () => {
    expect(databaseUnreachableMessage(new AggregateError([refused], 'connect failed'), url)).toContain('db.example:6543');
    expect(databaseUnreachableMessage(Object.assign(new Error('getaddrinfo ENOTFOUND db.example'), { code: 'ENOTFOUND' }), url)).toContain('ENOTFOUND');
  });

  it('leaves other errors (a wrong password, a bug) and the embedded database alone', () => {
    expect(databaseUnreachableMessage(Object.assign(new Error('password authentication failed'), { code: '28P01' }), url)).toBeNull();
    expect(databaseUnreachableMessage(new TypeError('x is undefined'), url)).toBeNull();
    expect(databaseUnreachableMessage(refused, undefined)).toBeNull();
  });
});
