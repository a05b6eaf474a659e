import { LOGIN_LOCK_MS, LoginThrottle, MAX_FAILED_LOGINS } from '../src/auth/loginThrottle';

describe('LoginThrottle', () => {
  const start = 1_000_000;
  const failTimes = (throttle: LoginThrottle, address: string, times: number, now = start) => {
    for (let i = 0; i < times; i++) throttle.failed(address, now + i);
  };

  it('lets an address try until its failures in a row reach the limit, then makes it wait', () => {
    const throttle = new LoginThrottle();
    failTimes(throttle, '10.0.0.1', MAX_FAILED_LOGINS - 1);
    expect(throttle.waitSeconds('10.0.0.1', start + 100)).toBe(0);
    throttle.failed('10.0.0.1', start + 100);
    expect(throttle.waitSeconds('10.0.0.1', start + 100)).toBe(LOGIN_LOCK_MS / 1000);
    expect(throttle.waitSeconds('10.0.0.1', start + 100 + LOGIN_LOCK_MS - 1500)).toBe(2);
    expect(throttle.waitSeconds('10.0.0.2', start + 100)).toBe(0); // another address is not touched
  });

  it('lets the address in again once the wait is over, counting from zero', () => {
    const throttle = new LoginThrottle();
    failTimes(throttle, 'a', MAX_FAILED_LOGINS);
    const over = start + MAX_FAILED_LOGINS + LOGIN_LOCK_MS;
    expect(throttle.waitSeconds('a', over)).toBe(0);
    throttle.failed('a', over);
    expect(throttle.waitSeconds('a', over)).toBe(0);
  });

  it('forgets failures on a success, and does not add up failures further apart than the wait', () => {
    const throttle = new LoginThrottle();
    failTimes(throttle, 'a', MAX_FAILED_LOGINS - 1);
    throttle.succeeded('a');
    throttle.failed('a', start + 50);
    expect(throttle.waitSeconds('a', start + 50)).toBe(0);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) throttle.failed('b', start + i * LOGIN_LOCK_MS);
    expect(throttle.waitSeconds('b', start + MAX_FAILED_LOGINS * LOGIN_LOCK_MS)).toBe(0);
  });
});
