import { z } from 'zod';
import { Channel, LocalDate } from './envelope.js';

/** Where a material comes from: uploaded by the applicant, pulled from 电子证照/共享数据 (e-licence or shared data), or paper. */
export const MaterialSource = z.enum(['upload', 'e-licence', 'paper']);
export type MaterialSource = z.infer<typeof MaterialSource>;

export const ProvidedMaterial = z.object({
  code: z.string().min(1),
  source: MaterialSource,
  /** A file id, e-licence number or paper receipt number. */
  reference: z.string().optional(),
});
export type ProvidedMaterial = z.infer<typeof ProvidedMaterial>;

/** 申请人: an individual (自然人) or an employer (法人). The identity number is a fact of the event; read models hash it. */
export const Applicant = z.object({
  id: z.string().min(1),
  kind: z.enum(['individual', 'employer']),
  name: z.string().min(1),
  idNumber: z.string().min(1).optional(),
  phone: z.string().optional(),
});
export type Applicant = z.infer<typeof Applicant>;

/** How the result reaches the applicant: electronic (电子证照/短信), free express (免费快递) or window pickup (窗口领取). */
export const DeliveryMode = z.enum(['electronic', 'express', 'pickup']);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

export const Delivery = z.object({
  mode: DeliveryMode,
  address: z.string().optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DayUnit = z.enum(['working', 'natural']);
export type DayUnit = z.infer<typeof DayUnit>;

export const TimeLimit = z.object({ value: z.number().int().min(0), unit: DayUnit });
export type TimeLimit = z.infer<typeof TimeLimit>;

/** Deadlines fixed at acceptance and recomputed on suspension, extension or a calendar revision. */
export const Deadlines = z.object({
  committedDeadline: LocalDate,
  statutoryDeadline: LocalDate.nullable(),
  calendarVersion: z.string().min(1),
  /**
   * A date depends on a day of a provisional calendar year (no State Council notice yet: the statutory rule
   * counted it) and may move when the notice is imported. Absent means official.
   */
  provisional: z.literal(true).optional(),
});
export type Deadlines = z.infer<typeof Deadlines>;

export { Channel, LocalDate };
