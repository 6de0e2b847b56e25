/**
 * graphql-js reports a bad scalar value by variable (`Variable "$n" got
 * invalid value`) or by type (`Expected value of type "NHSNumber!"`), not by
 * the argument it was given for. This plugin finds that argument in the
 * document and puts it first in the message and in `extensions.argument`, so
 * a caller reads "argument nhsNumber of customerByNhsNumber" and knows what
 * to fix.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';
import type { GatewayContext } from '../../request/context.js';

interface ArgumentLocation {
  field: string;
  argument: string;
}

export function useArgumentNames(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, document }) {
          if (!document) return;
          for (const error of errors) nameArgument(document, error);
        },
      };
    },
  };
}

/** Puts the argument a bad scalar value was given for into the error, in place. Every transport calls this. */
export function nameArgument(document: DocumentNode, error: GraphQLError): void {
  // Only our scalars' errors carry `scalar`; other errors already say where they are.
  if (error.extensions.scalar === undefined || error.extensions.argument !== undefined) return;
  const location = locateArgument(document, error);
  if (!location) return;
  error.message = `Argument "${location.argument}" of "${location.field}": ${error.message}`;
  error.extensions.argument = location.argument;
  error.extensions.field = location.field;
}

/** The argument a bad value was given for: the literal itself, or the variable's first use. */
export function locateArgument(document: DocumentNode, error: GraphQLError): ArgumentLocation | null {
  const errorNode = error.nodes?.[0];
  if (!errorNode) return null;
  const isTarget =
    errorNode.kind === Kind.VARIABLE_DEFINITION
      ? (node: ASTNode) => node.kind === Kind.VARIABLE && node.name.value === errorNode.variable.name.value
      : (node: ASTNode) => node === errorNode;
  let found: ArgumentLocation | null = null;
  visit(document, {
    enter(node, _key, parent, _path, ancestors) {
      if (found || !isTarget(node)) return undefined;
      // graphql-js passes the parent apart from the ancestors above it.
      const chain = [...ancestors, parent].filter(
        (a): a is ASTNode => a !== undefined && !Array.isArray(a) && 'kind' in (a as object),
      );
      const argumentIndex = chain.findLastIndex((a) => a.kind === Kind.ARGUMENT);
      const field = chain.findLast((a) => a.kind === Kind.FIELD);
      if (argumentIndex < 0 || !field || field.kind !== Kind.FIELD) return undefined;
      const path = chain
        .slice(argumentIndex)
        .flatMap((a) => (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD ? [a.name.value] : []));
      found = { field: field.name.value, argument: path.join('.') };
      return undefined;
    },
  });
  return found;
}
