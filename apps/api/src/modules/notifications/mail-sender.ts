import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRow } from '@samraad/persistence';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';

/** SMTP through nodemailer when SMTP_URL is set; otherwise mail stays in the outbox table. */
@Injectable()
export class MailSender {
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl.reveal()) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async send(email: OutboxRow): Promise<void> {
    if (!this.transport) throw new Error('SMTP is not configured');
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: email.toEmail,
      subject: email.subject,
      text: email.body,
      attachments: email.attachment ? [{ filename: email.attachmentName ?? 'attachment', content: email.attachment, contentType: email.attachmentName?.endsWith('.ics') ? 'text/calendar' : undefined }] : [],
    });
  }
}
