import { useApp } from '../state/context';

/** One <option> per account, named by its label: the account pickers of the list, activity and policies. */
export function AccountOptions() {
  const accounts = useApp((s) => s.accounts);
  return (
    <>
      {accounts.map((a) => (
        <option key={a.id} value={a.id}>
          {a.label}
        </option>
      ))}
    </>
  );
}
