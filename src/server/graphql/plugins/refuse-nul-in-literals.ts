/**
 * PostgreSQL text cannot hold the NUL character (U+0000): a value with one
 * fails deep in the store as an internal error. Refuse it up front, wherever
 * it is: in a string literal of the query (this validation rule) or anywhere
 * in the variables (use-check-variables).
 */
import { GraphQLError, type ValidationRule } from 'graphql';

export const NUL = '\u0000';
export const NUL_MESSAGE = 'text may not contain the NUL character (U+0000)';
/** `scalar` marks it as a bad scalar value, so use-argument-names names the argument. */
const NUL_EXTENSIONS = { scalar: 'String', reason: 'NUL_CHARACTER' };

export const refuseNulInLiterals: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes(NUL)) context.reportError(new GraphQLError(`Invalid String: ${NUL_MESSAGE}`, { nodes: node, extensions: NUL_EXTENSIONS }));
  },
});
