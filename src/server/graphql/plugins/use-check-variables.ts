/**
 * Checks the request's variables before anything else reads them: no value
 * nested deeper than `maxDepth`, no more than `maxValues` values in all, no
 * string the store cannot keep: a NUL character (see refuse-nul-in-literals),
 * or half of a UTF-16 surrogate pair, which JSON.parse makes of an escape
 * such as `\ud800` (a query's own literals cannot hold one: the parser
 * refuses it). One walk with
 * its own stack, never recursion, so a value nested 100,000 deep is refused
 * (400 BAD_USER_INPUT naming the variable and the path) rather than
 * overflowing the call stack. Every variable sent is walked, declared or not.
 *
 * Nothing else walks a variable deeper than its declared type: graphql-js
 * coerces (for the cost limit and for execution) along the type, and no
 * input type of the schema refers to itself.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../../request/context.js';
import { isStorableText } from '../../../store/storable-text.js';
import { NUL, NUL_MESSAGE } from './refuse-nul-in-literals.js';

const LONE_SURROGATE_MESSAGE = 'text may not hold half of a UTF-16 surrogate pair (an escape such as \\ud800 without its partner)';

export interface VariableLimits {
  /** Containers around a value: `$x` itself is at 0, `$x.lines[0]` at 2. */
  maxDepth: number;
  /** Values of every variable together, containers included. */
  maxValues: number;
}

/** The deepest input of the schema is 3 (`input.deliveryAddress.lines[0]`). */
export const DEFAULT_MAX_VARIABLE_DEPTH = 16;
/** The largest input of the schema, an equipment order of at most 30 lines, holds under 200 values. */
export const DEFAULT_MAX_VARIABLE_VALUES = 10_000;
export const DEFAULT_VARIABLE_LIMITS: VariableLimits = { maxDepth: DEFAULT_MAX_VARIABLE_DEPTH, maxValues: DEFAULT_MAX_VARIABLE_VALUES };

export interface VariableFault {
  variable: string;
  /** From the variable's name: `input.lines[2].itemCode`. */
  path: string;
  reason: 'NUL_CHARACTER' | 'LONE_SURROGATE' | 'VARIABLE_TOO_DEEP' | 'TOO_MANY_VARIABLE_VALUES';
  problem: string;
}

export function useCheckVariables(limits: VariableLimits = DEFAULT_VARIABLE_LIMITS): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          const refused = variablesError(request.variables ?? {}, operation, limits);
          if (refused) throw refused;
        },
      };
    },
  };
}

/** BAD_USER_INPUT naming the first fault in the variables, or null. Every transport calls this. */
export function variablesError(
  variables: Readonly<Record<string, unknown>>,
  operation: OperationDefinitionNode | null | undefined,
  limits: VariableLimits = DEFAULT_VARIABLE_LIMITS,
): GraphQLError | null {
  const fault = findVariableFault(variables, limits);
  if (!fault) return null;
  const definition = operation?.variableDefinitions?.find((d) => d.variable.name.value === fault.variable);
  return new GraphQLError(`Variable "$${fault.variable}" at "${fault.path}": ${fault.problem}`, {
    ...(definition ? { nodes: definition } : {}),
    extensions: {
      // A bad text is a bad String value: `scalar` lets use-argument-names name the argument.
      ...(fault.reason === 'NUL_CHARACTER' || fault.reason === 'LONE_SURROGATE' ? { scalar: 'String' } : {}),
      reason: fault.reason,
      variable: fault.path,
      code: 'BAD_USER_INPUT',
      http: { status: 400 },
    },
  });
}

interface Pending {
  value: unknown;
  depth: number;
  parent: Pending | null;
  /** The variable's name at the top; an index or key below. */
  key: string | number;
}

/** The first fault in the variables, depth first in the order sent, or null. */
export function findVariableFault(variables: Readonly<Record<string, unknown>>, limits: VariableLimits): VariableFault | null {
  const stack: Pending[] = [];
  let counted = 0;
  // Everything on the stack will be counted, so a container whose items cannot fit is refused before they are pushed.
  const fits = (items: number) => counted + stack.length + items <= limits.maxValues;
  const push = (parent: Pending | null, container: object, keys: readonly (string | number)[], depth: number) => {
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      stack.push({ value: (container as Record<string | number, unknown>)[key], depth, parent, key });
    }
  };
  const tooMany = (at: Pending) => fault(at, 'TOO_MANY_VARIABLE_VALUES', `the variables hold more than ${limits.maxValues} values in all`);
  const names = Object.keys(variables);
  if (!fits(names.length)) return tooMany({ value: undefined, depth: 0, parent: null, key: names[limits.maxValues]! });
  push(null, variables, names, 0);
  while (stack.length > 0) {
    const pending = stack.pop()!;
    counted++;
    const { value, depth } = pending;
    if (depth > limits.maxDepth) return fault(pending, 'VARIABLE_TOO_DEEP', `nested more than ${limits.maxDepth} deep`);
    if (typeof value === 'string' && !isStorableText(value)) {
      return value.includes(NUL) ? fault(pending, 'NUL_CHARACTER', NUL_MESSAGE) : fault(pending, 'LONE_SURROGATE', LONE_SURROGATE_MESSAGE);
    }
    if (value === null || typeof value !== 'object') continue;
    const keys = Array.isArray(value) ? value.map((_item, index) => index) : Object.keys(value);
    if (!fits(keys.length)) return tooMany(pending);
    push(pending, value, keys, depth + 1);
  }
  return null;
}

function fault(at: Pending, reason: VariableFault['reason'], problem: string): VariableFault {
  const keys: (string | number)[] = [];
  for (let step: Pending | null = at; step; step = step.parent) keys.push(step.key);
  const [variable, ...below] = keys.reverse() as [string, ...(string | number)[]];
  const path = below.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : /^[A-Za-z_]\w*$/.test(key) ? `${text}.${key}` : `${text}[${JSON.stringify(key)}]`),
    variable,
  );
  return { variable, path, reason, problem };
}
