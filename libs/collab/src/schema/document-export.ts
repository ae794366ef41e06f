import * as Y from 'yjs';
import type { DocumentKind } from './document-names.js';
import { readActions, readAgenda, readDecisions, readInternalMeta, readMeetingMeta, readRatings } from './meeting.js';
import { readGoals, readNetwork } from './plan.js';
import { xmlFragmentToMarkdown } from './rich-text.js';
import { internalRoots, meetingRoots, planRoots } from './roots.js';

/** A document as plain JSON: rich-text roots as Markdown, structured roots through their readers. */
export function documentToJson(kind: DocumentKind, doc: Y.Doc): Record<string, unknown> {
  switch (kind) {
    case 'plan':
      return { purpose: xmlFragmentToMarkdown(planRoots(doc).purpose), goals: readGoals(doc), network: readNetwork(doc) };
    case 'meeting':
      return {
        agenda: readAgenda(doc),
        minutes: xmlFragmentToMarkdown(meetingRoots(doc).minutes),
        actions: readActions(doc),
        decisions: readDecisions(doc),
        ratings: readRatings(doc),
        meta: readMeetingMeta(doc),
      };
    case 'internal':
      return { assessment: xmlFragmentToMarkdown(internalRoots(doc).assessment), meta: readInternalMeta(doc) };
  }
}

/** A document as one Markdown text (used for reading versions and diffing them). */
export function documentToMarkdown(kind: DocumentKind, doc: Y.Doc): string {
  const parts: string[] = [];
  const section = (title: string, body: string): void => {
    parts.push(`## ${title}`, body.trim() === '' ? '_(empty)_' : body);
  };
  if (kind === 'plan') {
    section('Purpose', xmlFragmentToMarkdown(planRoots(doc).purpose));
    section('Goals', readGoals(doc).map((g) => `- ${g.title} (${g.status})`).join('\n'));
    const network = readNetwork(doc);
    const names = new Map(network.persons.map((p) => [p.id, p.name]));
    section(
      'Network',
      [
        ...network.persons.map((p) => `- ${p.name}: ${p.sector}, ring ${p.ring}${p.deceased ? ', deceased' : ''}`),
        ...network.ties.map((t) => `- ${names.get(t.fromId)} – ${names.get(t.toId)}: ${t.quality}${t.frequency ? `, ${t.frequency}` : ''}`),
        ...network.couples.map((c) => `- ${names.get(c.partnerAId)} & ${names.get(c.partnerBId)}: ${c.status}`),
        ...network.parentChild.map((r) => `- ${names.get(r.parentId)} → ${names.get(r.childId)}: ${r.lineage}${r.parentalResponsibility ? ', parental responsibility' : ''}`),
      ].join('\n'),
    );
  } else if (kind === 'meeting') {
    section('Agenda', readAgenda(doc).map((a) => `- ${a.title} (${a.status}${a.minutes ? `, ${a.minutes} min` : ''})`).join('\n'));
    section('Minutes', xmlFragmentToMarkdown(meetingRoots(doc).minutes));
    section('Decisions', readDecisions(doc).map((d) => `- ${d.text}`).join('\n'));
    section('Actions', readActions(doc).map((a) => `- [${a.done ? 'x' : ' '}] ${a.text}${a.dueDate ? ` (due ${a.dueDate})` : ''}`).join('\n'));
    section('Ratings', readRatings(doc).map((r) => `- ${r.scale} ${r.value}${r.raterRole ? ` by ${r.raterRole}` : ''}`).join('\n'));
    const meta = readMeetingMeta(doc);
    section('Next follow-up', meta.nextFollowUpDate ?? '');
  } else {
    section('Assessment', xmlFragmentToMarkdown(internalRoots(doc).assessment));
  }
  return parts.join('\n\n') + '\n';
}

/** A Y.Doc holding a stored state (a version, a snapshot). */
export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, state);
  return doc;
}
