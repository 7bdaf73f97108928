/** A row of tabs (WAI-ARIA tabs pattern): click, or ←/→ between them; each panel is labelled by its tab. */
export interface TabSpec<Id extends string> {
  readonly id: Id;
  readonly label: string;
}

export function Tabs<Id extends string>({
  tabs,
  current,
  onSelect,
  label,
}: {
  tabs: readonly TabSpec<Id>[];
  current: Id;
  onSelect: (id: NoInfer<Id>) => void;
  label: string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={current === t.id}
          tabIndex={current === t.id ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            const at = tabs.findIndex((x) => x.id === current);
            const next = tabs[(at + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
            onSelect(next.id);
            document.getElementById(`tab-${next.id}`)?.focus();
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
