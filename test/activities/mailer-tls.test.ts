/** SMTP off this machine only with TLS: a server that offers no STARTTLS gets no mail. */
import nodemailer from 'nodemailer';
import { createMailer, transportOptions } from '../../activities/mailer';
import { startRecordingSmtpServer, type RecordingSmtpServer } from '../helpers/recording-smtp-server';

let smtp: RecordingSmtpServer;

beforeAll(async () => {
  smtp = await startRecordingSmtpServer();
});

afterAll(() => smtp.close());

test('TLS is required of every SMTP host but loopback', () => {
  for (const url of ['smtp://mail.example.gov.cn:587', 'smtp://user:pass@10.0.0.5:25', 'smtp://[2001:db8::1]:25']) {
    expect(transportOptions(url).requireTLS).toBe(true);
  }
  for (const url of ['smtp://127.0.0.1:2525', 'smtp://localhost:25', 'smtp://[::1]:25']) {
    expect(transportOptions(url).requireTLS).toBe(false);
  }
});

test('with those options, a server without STARTTLS is refused; on loopback it takes the mail', async () => {
  const mail = { from: 'huanjie@localhost', to: 'a@example.gov.cn', subject: 's', text: 't' };
  const remoteLike = nodemailer.createTransport({ ...transportOptions('smtp://mail.example.gov.cn:587'), url: smtp.url });
  await expect(remoteLike.sendMail(mail)).rejects.toThrow(/STARTTLS/);
  remoteLike.close();
  expect(smtp.received).toHaveLength(0);

  const mailer = createMailer({ smtpUrl: smtp.url, from: 'huanjie@localhost' });
  await mailer.send({ messageId: '<tls-test@huanjie>', to: ['a@example.gov.cn'], cc: [], subject: 's', text: 't' });
  mailer.close();
  expect(smtp.received).toHaveLength(1);
});
