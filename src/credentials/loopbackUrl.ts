/** Whether a URL points at this machine (127.0.0.0/8, ::1, localhost): the only place plain http may carry a secret. */
export const isLoopbackUrl = (url: string): boolean => {
  if (!URL.canParse(url)) return false;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
};
