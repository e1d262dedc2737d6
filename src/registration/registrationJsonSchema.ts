/**
 * The JSON Schema of the spec, generated from the zod schema (never edited by hand), written next to the spec
 * as ren.registration.schema.json so editors autocomplete and explain every field.
 */
import { z } from 'zod';
import { registrationSchema } from './registrationSchema.js';

export const registrationJsonSchemaText = (): string =>
  `${JSON.stringify(z.toJSONSchema(registrationSchema, { io: 'input', target: 'draft-2020-12' }), undefined, 2)}\n`;
