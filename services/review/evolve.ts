import type { ReviewPendingEvent } from './events.js';
import type { ReviewState } from './state.js';

export function evolveReview(state: ReviewState, event: ReviewPendingEvent): ReviewState {
  switch (event.type) {
    case 'ReviewTicketOpened':
      return {
        ...state,
        status: 'open',
        ticketId: event.data.ticketId,
        applicationId: event.data.applicationId,
        department: event.data.department,
        openedOn: event.data.openedOn,
        dueOn: event.data.dueOn,
        dueWorkdays: event.data.dueWorkdays,
      };
    case 'ReviewCallbackMade':
      return { ...state, callbacks: state.callbacks + 1 };
    case 'ReviewResolved':
      return {
        ...state,
        status: 'resolved',
        resolution: { resolution: event.data.resolution, resolvedOn: event.data.resolvedOn, onTime: event.data.onTime },
      };
    case 'ReviewAppealFiled':
      return { ...state, appeal: 'pending' };
    case 'ReviewAppealDecided':
      return { ...state, appeal: event.data.upheld ? 'upheld' : 'rejected', status: event.data.upheld ? 'void' : state.status };
  }
}
