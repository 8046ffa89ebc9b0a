/** A short message at the bottom of the window that goes away by itself. */
import { useEffect, useState } from 'react';

/** How long a toast stays, in milliseconds. */
const TOAST_MS = 4000;

/** The current toast and the function that shows one. */
export function useToast(): [string | null, (message: string) => void] {
  const [toast, setToast] = useState<string | null>(null);
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(t);
  }, [toast]);
  return [toast, setToast];
}
