import { createRouter, createWebHistory } from 'vue-router';
import { session } from './session';
import type { Role } from './types';

// One page per kind of user; the sign-in page for anyone signed out. Filters and the open case live in the
// query string, so a view can be shared by its address.

const home: Record<Role, string> = { supervisor: '/supervisor', clerk: '/clerk', applicant: '/applicant', admin: '/sign-in' };

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: () => (session.principal ? home[session.principal.role] : '/sign-in') },
    { path: '/sign-in', component: () => import('./pages/SignInPage.vue') },
    { path: '/supervisor', component: () => import('./pages/SupervisorPage.vue'), meta: { role: 'supervisor' } },
    { path: '/clerk', component: () => import('./pages/ClerkPage.vue'), meta: { role: 'clerk' } },
    { path: '/applicant', component: () => import('./pages/ApplicantPage.vue'), meta: { role: 'applicant' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  const role = to.meta.role as Role | undefined;
  if (role && session.principal?.role !== role) return { path: '/sign-in', query: { next: to.fullPath } };
  return true;
});

export const homeOf = (role: Role): string => home[role];
