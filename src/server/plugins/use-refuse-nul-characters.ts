/**
 * PostgreSQL text cannot hold the NUL character (U+0000): a value with one
 * fails deep in the store as an internal error. Refuse it up front, wherever
 * it is: in a string literal of the query (a validation rule) or anywhere in
 * the variables (before execution), with the argument named.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ValidationRule } from 'graphql';
import type { GatewayContext } from '../context.js';

const NUL = '\u0000';
const MESSAGE = 'text may not contain the NUL character (U+0000)';
const EXTENSIONS = { scalar: 'String', reason: 'NUL_CHARACTER' };

export const refuseNulInLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes(NUL)) context.reportError(new GraphQLError(`Invalid String: ${MESSAGE}`, { nodes: node, extensions: EXTENSIONS }));
  },
});

export function useRefuseNulInVariables(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            const where = pathToNul(value, name);
            if (where === null) continue;
            const definition = operation?.variableDefinitions?.find((d) => d.variable.name.value === name);
            throw new GraphQLError(`Variable "$${name}" at "${where}": ${MESSAGE}`, {
              ...(definition ? { nodes: definition } : {}),
              extensions: { ...EXTENSIONS, code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** The path to the first string holding a NUL inside a JSON value, or null. */
function pathToNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = pathToNul(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = pathToNul(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
