/** How huanjie reaches Temporal: never in plain text off this machine unless told to. */
import { loadEnv } from '../../config/env';
import { temporalTarget } from '../../config/temporal';

const target = (env: Record<string, string>) => temporalTarget(loadEnv(env));

test('a Temporal address off this machine without TLS is refused, naming the settings that allow it', () => {
  for (const address of ['temporal.example.gov.cn:7233', '10.1.2.3:7233', '[2001:db8::1]:7233']) {
    expect(() => target({ TEMPORAL_ADDRESS: address })).toThrow(`TEMPORAL_ADDRESS ${address} is not on this machine and TLS is off`);
  }
  expect(() => target({ TEMPORAL_ADDRESS: 'temporal.example.gov.cn:7233' })).toThrow(/TEMPORAL_TLS=true.*TEMPORAL_ALLOW_PLAINTEXT=true/);
});

test('TEMPORAL_TLS=true is TLS with the system roots; plain text off this machine only with TEMPORAL_ALLOW_PLAINTEXT=true; loopback is plain', () => {
  expect(target({ TEMPORAL_ADDRESS: 'temporal.example.gov.cn:7233', TEMPORAL_TLS: 'true' }).tls).toBe(true);
  expect(target({ TEMPORAL_ADDRESS: 'temporal.example.gov.cn:7233', TEMPORAL_ALLOW_PLAINTEXT: 'true' }).tls).toBeUndefined();
  for (const address of ['127.0.0.1:7233', 'localhost:7233', '[::1]:7233']) expect(target({ TEMPORAL_ADDRESS: address }).tls).toBeUndefined();
  expect(target({}).address).toBe('127.0.0.1:7233');
  expect(() => target({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS/);
});
