/** The API's own description, for client generators and humans. */
import { openApiDocument } from '../openapi';
import { defineRoute, type Route } from '../route';

/** The document of `routes` and of this route itself, built once. */
export function openApiRoute(routes: readonly Route[]): Route {
  let document: unknown;
  const route: Route = defineRoute({
    method: 'get',
    id: 'getOpenApi',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    access: 'public',
    success: { status: 200, description: 'The document' },
    errors: [],
    async handle() {
      document ??= openApiDocument([...routes, route]);
      return document;
    },
  });
  return route;
}
