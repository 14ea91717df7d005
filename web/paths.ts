/** The board's addresses, one home for each, for links, forms and emails alike. */
const seg = encodeURIComponent;

export const paths = {
  home: '/',
  signIn: '/sign-in',
  campaigns: '/campaigns',
  campaign: (c: string) => `/campaigns/${seg(c)}`,
  deadlines: (c: string) => `/campaigns/${seg(c)}/deadlines`,
  street: (c: string, s: string) => `/campaigns/${seg(c)}/streets/${seg(s)}`,
  streetStep: (c: string, s: string, step: string) => `/campaigns/${seg(c)}/streets/${seg(s)}/steps/${seg(step)}`,
  community: (c: string, id: string) => `/campaigns/${seg(c)}/communities/${seg(id)}`,
  communityStep: (c: string, id: string, step: string) => `/campaigns/${seg(c)}/communities/${seg(id)}/steps/${seg(step)}`,
};
