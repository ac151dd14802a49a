import { z } from 'zod';

/**
 * Who did it. 申请人 applicant (individual or employer), 窗口/后台人员 clerk, 督办 supervisor,
 * admin (catalog), system (timers, process managers) and rule-engine (秒批, approval by rule).
 */
export const ActorRole = z.enum(['applicant', 'clerk', 'supervisor', 'admin', 'system', 'rule-engine']);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.object({
  role: ActorRole,
  id: z.string().min(1),
});
export type Actor = z.infer<typeof Actor>;

/**
 * Where a command came in: 广东政务服务网 provincial portal, 粤省事 mini-program, 佛山12345 micro-service,
 * 窗口 hall window, 自助终端 self-service kiosk; `system` for work no person started.
 */
export const Channel = z.enum(['provincial-portal', 'yueshengshi', 'fs12345', 'window', 'kiosk', 'system']);
export type Channel = z.infer<typeof Channel>;

export const ONLINE_CHANNELS: readonly Channel[] = ['provincial-portal', 'yueshengshi', 'fs12345'];

/** The shape of a ShanghaiInstant, shared with the store's fast metadata check. */
export const SHANGHAI_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?\+08:00$/;

/** An ISO-8601 instant that carries the +08:00 (Asia/Shanghai) offset, e.g. 2026-11-28T09:30:00.000+08:00. */
export const ShanghaiInstant = z.string().regex(SHANGHAI_INSTANT_PATTERN, 'an ISO instant with the +08:00 offset');

/** A local date in Asia/Shanghai, YYYY-MM-DD (DESIGN.md §5). */
export const LocalDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a YYYY-MM-DD date');
export type LocalDate = z.infer<typeof LocalDate>;

export const EventMetadata = z.object({
  actor: Actor,
  channel: Channel,
  commandId: z.string().min(1),
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  occurredAt: ShanghaiInstant,
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** The envelope every event carries, in the store and on the wire. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}
