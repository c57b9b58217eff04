/** The help desk's ticket page the console links to in this suite (journeys read it back). */
export const E2E_TICKET_URL_TEMPLATE = 'https://helpdesk.example.test/agent/tickets/{ticket}';
