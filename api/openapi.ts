/**
 * The OpenAPI 3.1 document, written from the route declarations and their zod schemas
 * (z.toJSONSchema, JSON Schema 2020-12, which is OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import { titles } from './problem';
import { idempotencyKeySchema, type Route } from './route';
import { problemSchema } from './schemas';
import { XLSX_TYPE } from './spreadsheets/layout';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  // Requests are documented as sent (before defaults apply); `unrepresentable: 'any'` for refinements.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

const errorMeaning: Record<number, string> = {
  400: 'The body, query or a header does not match its schema: `errors[].path` names each field',
  401: 'Missing or unknown token',
  403: "The token's role or street may not do this",
  404: 'Unknown campaign, street, community or step',
  409: 'Campaign id already used; step not yet open, or already done',
  413: 'The body is larger than this route accepts (a spreadsheet: its size, rows, or what it inflates to)',
  415: 'Only the nomination step takes a spreadsheet',
  422: 'Well-formed but breaks a rule: `errors[].rule` names each rule broken',
  429: 'Too many requests for this token: retry after `Retry-After` seconds',
  503: 'Temporal is unreachable: retry later (for a step, with the same Idempotency-Key)',
};

/** The statuses a route answers beside success: implied by its declaration, plus its own. */
export function errorStatuses(route: Route): number[] {
  const implied = [
    ...(route.access === 'public' ? [] : [401, 403, 429, 503]),
    ...(route.params ? [404] : []),
    ...(route.query || route.body || route.bodyByStep || route.idempotent ? [400] : []),
    ...(route.body || route.bodyByStep ? [413] : []),
  ];
  return [...new Set([...implied, ...route.errors])].sort();
}

function parameters(route: Route): JsonSchema[] {
  const fields = (location: 'path' | 'query', schema: z.ZodObject | undefined) =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => ({
      name,
      in: location,
      required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(field as z.ZodType),
    }));
  return [
    ...fields('path', route.params),
    ...fields('query', route.query as z.ZodObject | undefined),
    ...(route.idempotent
      ? [{
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Becomes the update id: a retry with the same key is applied at most once, and answers as the first did.',
          schema: jsonSchema(idempotencyKeySchema),
        }]
      : []),
  ];
}

function requestBody(route: Route): JsonSchema | undefined {
  const schema = route.body
    ? jsonSchema(route.body)
    : route.bodyByStep && {
        description: 'The body of the step named in the path.',
        oneOf: Object.entries(route.bodyByStep).map(([step, body]) => ({ title: step, ...jsonSchema(body) })),
      };
  const spreadsheet = route.spreadsheet && {
    [XLSX_TYPE]: { schema: { type: 'string', contentMediaType: XLSX_TYPE, description: 'The filled template; errors name their cells (`社区!C7`).' } },
  };
  return schema && { required: true, content: { 'application/json': { schema }, ...spreadsheet } };
}

function operation(route: Route): JsonSchema {
  const who = route.access === 'public' ? 'anyone' : route.access.join(', ');
  const body = requestBody(route);
  return {
    operationId: route.id,
    summary: route.summary,
    description: `Who: ${who}.`,
    'x-roles': route.access,
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    parameters: parameters(route),
    ...(body && { requestBody: body }),
    responses: {
      [route.success.status]: {
        description: route.success.description,
        ...(route.success.schema && { content: { 'application/json': { schema: jsonSchema(route.success.schema) } } }),
        ...(route.success.media && { content: { [route.success.media]: { schema: { type: 'string', contentMediaType: route.success.media } } } }),
      },
      ...Object.fromEntries(
        errorStatuses(route).map((status) => [
          status,
          {
            description: `${titles[status]}: ${errorMeaning[status]}`,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}

export function openApiDocument(routes: readonly Route[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) (paths[`/api${route.path}`] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'huanjie',
      version: '1',
      description: "The HTTP API of a city's community re-election campaign (换届) on Temporal.",
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token of the tokens file (AUTH_TOKENS_FILE)' } },
      schemas: { Problem: jsonSchema(problemSchema) },
    },
  };
}
