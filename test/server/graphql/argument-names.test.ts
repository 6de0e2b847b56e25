import { GraphQLError, Kind, parse, visit, type ASTNode } from 'graphql';
import { locateArgument } from '../../../src/server/graphql/plugins/use-argument-names.js';

function firstNode(document: ReturnType<typeof parse>, predicate: (node: ASTNode) => boolean): ASTNode {
  let found: ASTNode | undefined;
  visit(document, {
    enter(node) {
      if (!found && predicate(node)) found = node;
    },
  });
  return found!;
}

describe('locateArgument', () => {
  test('finds the argument of a bad literal', () => {
    const document = parse('{ viewer { role } customerByNhsNumber(nhsNumber: "123") { id } }');
    const literal = firstNode(document, (node) => node.kind === Kind.STRING);
    expect(locateArgument(document, new GraphQLError('bad', { nodes: literal }))).toEqual({
      field: 'customerByNhsNumber',
      argument: 'nhsNumber',
    });
  });

  test('finds a field of an input object by its path', () => {
    const document = parse('mutation { triageReferral(input: { referralId: "x", reason: 5 }) { id } }');
    const literal = firstNode(document, (node) => node.kind === Kind.INT);
    expect(locateArgument(document, new GraphQLError('bad', { nodes: literal }))).toEqual({
      field: 'triageReferral',
      argument: 'input.reason',
    });
  });

  test('finds where a bad variable is used', () => {
    const document = parse('query Q($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }');
    const definition = firstNode(document, (node) => node.kind === Kind.VARIABLE_DEFINITION);
    expect(locateArgument(document, new GraphQLError('bad', { nodes: definition }))).toEqual({
      field: 'customerByNhsNumber',
      argument: 'nhsNumber',
    });
  });

  test('gives up quietly when the error has no node', () => {
    expect(locateArgument(parse('{ viewer { role } }'), new GraphQLError('bad'))).toBeNull();
  });
});
