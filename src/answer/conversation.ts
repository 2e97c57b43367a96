// Follow-up questions. Each conversation (a private chat, or one user in a group, or the terminal)
// keeps its last few turns in memory; a follow-up such as "那齐齐哈尔呢？" or "and Qiqihar?" is
// turned into a standalone question — by the LLM when one is configured, otherwise by carrying over
// the previous question's place, period and topic.
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
/** Conversations kept at most (oldest forgotten first). */
const MAX_CONVERSATIONS = 5000;
/** A conversation idle this long is forgotten. */
const IDLE_MS = 60 * 60 * 1000;

export class ConversationStore {
  private readonly conversations = new Map<string, Turn[]>();
  constructor(private readonly now: () => number = Date.now) {}

  history(key: string): Turn[] {
    const turns = this.conversations.get(key) ?? [];
    const fresh = turns.filter((t) => this.now() - t.at < IDLE_MS);
    if (fresh.length !== turns.length) this.conversations.set(key, fresh);
    return fresh;
  }

  remember(key: string, turn: Omit<Turn, 'at'>): void {
    const turns = [...this.history(key), { ...turn, at: this.now() }].slice(-MAX_TURNS);
    this.conversations.delete(key);
    this.conversations.set(key, turns);
    if (this.conversations.size > MAX_CONVERSATIONS) {
      this.conversations.delete(this.conversations.keys().next().value as string);
    }
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
      // The new name as the standing question writes names: 黄石 into a Chinese one, Huangshi into English.
      const spelled = before.language === 'zh' ? newName.name : newName.asked;
      const replaced = standalone.split(oldName.asked).join(spelled);
      standalone = replaced !== standalone ? replaced : standalone.split(oldName.name).join(spelled);
    }
    return standalone;
  }
  const additions: string[] = [];
  if (current.names.length === 0) additions.push(...before.names.map((n) => (current.language === 'zh' ? n.name : n.asked)));
  if (!current.period && before.period) additions.push(before.language === 'zh' ? (before.period.terms[0] ?? before.period.label) : before.period.label);
  if (additions.length === 0) return question;
  return current.language === 'zh' ? `${additions.join('')}${question}` : `${question} (${additions.join(', ')})`;
}

/** The conversation as the follow-up prompt shows it. */
export function formatHistory(history: readonly Turn[]): string {
  return history.map((t) => `Q: ${t.standalone}\nA: ${t.answer.replace(/\s+/g, ' ').slice(0, 400)}`).join('\n');
}
