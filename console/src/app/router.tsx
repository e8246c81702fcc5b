/** Paths in the address bar, without a router library: the server answers every page path with the app. */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, bump] = useState(0);
  useEffect(() => {
    const update = () => bump((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
    window.scrollTo(0, 0);
  };
  return <a href={to} onClick={go} {...rest} />;
}

// ARNs go in the query: a path ending in `.something` (a name with a dot) would look like a file.
export const machinePath = (arn: string, tab?: string) => `/state-machine?arn=${encodeURIComponent(arn)}${tab ? `&tab=${tab}` : ''}`;
export const executionPath = (arn: string) => `/execution?arn=${encodeURIComponent(arn)}`;
export const functionPath = (name: string) => `/function?name=${encodeURIComponent(name)}`;
export const designerPath = (arn?: string) => (arn ? `/designer?arn=${encodeURIComponent(arn)}` : '/designer');
