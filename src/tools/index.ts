import cancelMessageJob from './cancel-message-job.js';
import createConversation from './create-conversation.js';
import createTag from './create-tag.js';
import createTicket from './create-ticket.js';
import type { ToolDefinition } from './define-tool.js';
import deleteContact from './delete-contact.js';
import getArticle from './get-article.js';
import getCompany from './get-company.js';
import getContact from './get-contact.js';
import getConversation from './get-conversation.js';
import getMessageJob from './get-message-job.js';
import getTicket from './get-ticket.js';
import getWorkspace from './get-workspace.js';
import listAdmins from './list-admins.js';
import listConversations from './list-conversations.js';
import listSegments from './list-segments.js';
import listTags from './list-tags.js';
import manageConversationWorkflow from './manage-conversation-workflow.js';
import replyToConversation from './reply-to-conversation.js';
import searchArticles from './search-articles.js';
import searchCompanies from './search-companies.js';
import searchContacts from './search-contacts.js';
import searchConversations from './search-conversations.js';
import searchTickets from './search-tickets.js';
import sendIntercomMessage from './send-intercom-message.js';
import trackUserEvents from './track-user-events.js';
import updateContactAttributes from './update-contact-attributes.js';
import updateTicket from './update-ticket.js';

/** Every tool the server offers, in the order clients list them: the five workflow tools first. */
export const tools: readonly ToolDefinition[] = [
  sendIntercomMessage,
  getMessageJob,
  cancelMessageJob,
  searchConversations,
  updateContactAttributes,
  manageConversationWorkflow,
  trackUserEvents,
  createConversation,
  getConversation,
  listConversations,
  replyToConversation,
  searchContacts,
  getContact,
  deleteContact,
  searchCompanies,
  getCompany,
  searchTickets,
  getTicket,
  createTicket,
  updateTicket,
  searchArticles,
  getArticle,
  getWorkspace,
  listAdmins,
  listTags,
  listSegments,
  createTag,
] as unknown as readonly ToolDefinition[];
