import { Kind, parse, visit, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import type { Selection } from '../../src/server/request/look-ahead.js';

/** What a resolver of the (first) field called `fieldName` in `query` is told about its selection. */
export function selectionOf(query: string, fieldName: string): Selection {
  const document = parse(query);
  const fieldNodes: FieldNode[] = [];
  visit(document, {
    Field(node) {
      if (node.name.value === fieldName) fieldNodes.push(node);
    },
  });
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return { fieldNodes, fragments };
}
