/** The console's shell: navigation, theme, keyboard shortcuts, and the page for the current path. */
import { useEffect, useRef } from 'react';
import { Link, navigate, paths, useLocation } from './router.js';
import { useTheme } from './ui/theme.js';
import { ActivitiesPage } from './views/activities.js';
import { EventMapPage } from './views/event-map.js';
import { EventsPage } from './views/events.js';
import { ExecutionDetailPage } from './views/execution-detail.js';
import { ExecutionsPage } from './views/executions.js';
import { NotAvailablePage } from './views/not-available.js';
import { PipeDetailPage } from './views/pipe-detail.js';
import { PipesPage } from './views/pipes.js';
import { QueueDetailPage } from './views/queue-detail.js';
import { QueuesPage } from './views/queues.js';
import { StreamDetailPage } from './views/stream-detail.js';
import { StreamsPage } from './views/streams.js';
import { TopicDetailPage } from './views/topic-detail.js';
import { WorkflowDetailPage } from './views/workflow-detail.js';
import { EditWorkflowPage, NewWorkflowPage } from './views/workflow-editor.js';
import { WorkflowsPage } from './views/workflows.js';

const STEP_FUNCTIONS = [
  { href: '/workflows', label: 'Workflows', key: 'w' },
  { href: '/executions', label: 'Executions', key: 'e' },
  { href: '/activities', label: 'Activities', key: 'a' },
];
const MESSAGING = [
  { href: '/events', label: 'Events', key: 'b' },
  { href: '/queues', label: 'Queues & topics', key: 'q' },
  { href: '/streams', label: 'Streams', key: 's' },
  { href: '/pipes', label: 'Pipes', key: 'p' },
  { href: '/map', label: 'Event map', key: 'm' },
];
const NAV = [...STEP_FUNCTIONS, ...MESSAGING];

function Page() {
  const { segments } = useLocation();
  const [section, id, action] = segments;
  useEffect(() => {
    if (!section) navigate(paths.workflows(), { replace: true });
  }, [section]);
  switch (section) {
    case undefined:
    case 'workflows':
      if (id === 'new') return <NewWorkflowPage />;
      if (id && action === 'edit') return <EditWorkflowPage arn={id} />;
      if (id) return <WorkflowDetailPage arn={id} />;
      return <WorkflowsPage />;
    case 'executions':
      return id ? <ExecutionDetailPage arn={id} /> : <ExecutionsPage />;
    case 'activities':
      return <ActivitiesPage />;
    case 'events':
      return <EventsPage />;
    case 'queues':
      return id ? <QueueDetailPage arn={id} /> : <QueuesPage />;
    case 'topics':
      return id ? <TopicDetailPage arn={id} /> : <QueuesPage />;
    case 'streams':
      return id ? <StreamDetailPage arn={id} /> : <StreamsPage />;
    case 'pipes':
      return id ? <PipeDetailPage arn={id} /> : <PipesPage />;
    case 'map':
      return <EventMapPage />;
    default:
      return <NotAvailablePage section={section} />;
  }
}

/** `g` then a letter goes to a section; `/` focuses a filter; `t` switches the theme. */
function useShortcuts(toggleTheme: () => void) {
  const pending = useRef(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable) return;
      if (pending.current) {
        pending.current = false;
        const to = NAV.find((n) => n.key === event.key);
        if (to) {
          event.preventDefault();
          navigate(to.href);
        }
        return;
      }
      if (event.key === 'g') pending.current = true;
      else if (event.key === 't') toggleTheme();
      else if (event.key === '/') {
        const filter = document.querySelector<HTMLElement>('[data-shortcut="/"]');
        if (filter) {
          event.preventDefault();
          filter.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleTheme]);
}

function NavSection({
  heading,
  items,
  current,
}: {
  heading: string;
  items: readonly { href: string; label: string; key: string }[];
  current: string;
}) {
  return (
    <>
      <p className="nav-heading">{heading}</p>
      <ul>
        {items.map((n) => (
          <li key={n.href}>
            <Link href={n.href} aria-current={current === n.href ? 'page' : undefined} title={`g ${n.key}`}>
              {n.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function App() {
  const [theme, toggleTheme] = useTheme();
  const { segments } = useLocation();
  useShortcuts(toggleTheme);
  // A topic's page belongs to "Queues & topics".
  const current = `/${segments[0] === 'topics' ? 'queues' : (segments[0] ?? 'workflows')}`;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Sections">
        <Link className="brand" href="/workflows">
          <span className="logo" aria-hidden="true" />
          Baton
        </Link>
        <NavSection heading="Step Functions" items={STEP_FUNCTIONS} current={current} />
        <NavSection heading="Events and messaging" items={MESSAGING} current={current} />
        <div className="sidebar-foot">
          <button
            type="button"
            className="button ghost"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
            title="t"
          >
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
          <p className="muted small">
            Keys: <kbd>g</kbd> then the letter shown on hover goes there, <kbd>/</kbd> filter, <kbd>t</kbd> theme
          </p>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </div>
  );
}
