// Follow-up questions. Each conversation (a private chat, or one user in a group, or the terminal)
// keeps its last few turns in memory; a follow-up that names only a new place ("那…呢？", "and …?")
// is turned into a standalone question — by the LLM when one is configured, otherwise by carrying
// over the previous question's place, period and topic.
import { LRUCache } from 'lru-cache';
import type { NameEntry } from '../vector-store/vocabulary.js';
import { understandQuestion } from '../retrieval/understand.js';

export interface Turn {
  /** The question as asked. */
  question: string;
  /** The standalone question it was read as. */
  standalone: string;
  answer: string;
  at: number;
}

/** Turns kept per conversation. */
const MAX_TURNS = 3;
/** Conversations kept at most (the least recently used forgotten first). */
const MAX_CONVERSATIONS = 5000;
/** A turn this old is forgotten, and so is a conversation idle this long. */
const IDLE_MS = 60 * 60 * 1000;

export interface ConversationStoreOptions {
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Conversations kept at most. Default 5000. */
  maxConversations?: number;
}

export class ConversationStore {
  private readonly now: () => number;
  private readonly conversations: LRUCache<string, Turn[]>;

  constructor(options: ConversationStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.conversations = new LRUCache<string, Turn[]>({
      max: options.maxConversations ?? MAX_CONVERSATIONS,
      // Idle time counts from the last turn: reading the history does not keep a conversation alive.
      ttl: IDLE_MS,
      updateAgeOnGet: false,
      // The same clock as the turns' times; read on every check, so a test clock is never stale.
      perf: { now: this.now },
      ttlResolution: 0,
    });
  }

  history(key: string): Turn[] {
    const turns = this.conversations.get(key) ?? [];
    // The cache forgets a conversation an hour after its last turn; older turns of a live one go here.
    return turns.filter((t) => this.now() - t.at < IDLE_MS);
  }

  remember(key: string, turn: Omit<Turn, 'at'>): void {
    const turns = [...this.history(key), { ...turn, at: this.now() }].slice(-MAX_TURNS);
    this.conversations.set(key, turns);
  }

  forget(key: string): void {
    this.conversations.delete(key);
  }
}

const FOLLOW_UP_CUE = /^(那|那么|那个|还有|另外|再问|and\b|what about\b|how about\b|and what about\b)|呢[？?]?$/i;

/**
 * The standalone reading of a follow-up without an LLM: a question that names a new place but
 * little else takes the previous question with the place swapped; one that lacks a place or a
 * period borrows them from the previous question.
 */
export function condenseOffline(question: string, history: readonly Turn[], vocabulary: readonly NameEntry[]): string {
  const previous = history.at(-1);
  if (!previous) return question;
  const now = new Date();
  const current = understandQuestion(question, vocabulary, now);
  const before = understandQuestion(previous.standalone, vocabulary, now);
  const contentWords = current.concepts.filter((c) => c.kind === 'word').length;
  const isFollowUp = FOLLOW_UP_CUE.test(question.trim()) || question.trim().length <= 12;
  if (!isFollowUp) return question;
  if (current.names.length > 0 && contentWords <= 1 && before.names.length > 0) {
    let standalone = previous.standalone;
    const [oldName] = before.names;
    const [newName] = current.names;
    if (oldName && newName) {
      // The new name as the standing question writes names: in Chinese into a Chinese question, as
      // asked (English or pinyin) into an English one.
      const spelled = before.language === 'zh' ? newName.name : newName.asked;
      const replaced = standalone.split(oldName.asked).join(spelled);
      standalone = replaced !== standalone ? replaced : standalone.split(oldName.name).join(spelled);
    }
    return standalone;
  }
  const additions: string[] = [];
  if (current.names.length === 0) {
    additions.push(...before.names.map((n) => (current.language === 'zh' ? n.name : n.asked)));
  }
  if (!current.period && before.period) {
    const period = before.period;
    additions.push(before.language === 'zh' ? (period.terms[0] ?? period.label) : period.label);
  }
  if (additions.length === 0) return question;
  return current.language === 'zh' ? `${additions.join('')}${question}` : `${question} (${additions.join(', ')})`;
}

/** The conversation as the follow-up prompt shows it. */
export function formatHistory(history: readonly Turn[]): string {
  return history.map((t) => `Q: ${t.standalone}\nA: ${t.answer.replace(/\s+/g, ' ').slice(0, 400)}`).join('\n');
}
