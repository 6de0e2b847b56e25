/**
 * Whether the query goes on to ask, under the field being resolved, for
 * any of some fields of its value. Lets a resolver start a slow lookup its
 * children will need as soon as it knows their key, rather than after its
 * own value has loaded. A hint only: the children still resolve as they
 * always do, so a field left out by @skip or @include, which this does not
 * read, costs at most a lookup nobody uses.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What of a resolver's `info` says what the query asks for under its field. */
export type Selection = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

export function selectsAnyOf(info: Selection, fieldNames: ReadonlySet<string>): boolean {
  const found = (selectionSet: SelectionSetNode | undefined): boolean =>
    selectionSet !== undefined &&
    selectionSet.selections.some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return fieldNames.has(selection.name.value);
        case Kind.INLINE_FRAGMENT:
          return found(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return found(info.fragments[selection.name.value]?.selectionSet);
      }
    });
  return info.fieldNodes.some((node) => found(node.selectionSet));
}
