import { Kind, type OperationDefinitionNode } from 'graphql';

/**
 * How an operation is named in the audit log: its type and name
 * (`query CaseView`), or its root fields when the client sent it anonymous
 * (`query { customer referrals }`), so an auditor can tell what was asked.
 */
export function describeOperation(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'unknown';
  if (operation.name) return `${operation.operation} ${operation.name.value}`;
  const fields = operation.selectionSet.selections
    .map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : '...'))
    .join(' ');
  return `${operation.operation} { ${fields} }`;
}
