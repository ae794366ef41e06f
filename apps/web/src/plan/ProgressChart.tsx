import { useId } from 'react';
import { EmptyState } from '../components/States.js';
import { formatDate, roleLabel } from '../format.js';
import { type Translate, type TranslationKey, useI18n } from '../i18n/index.js';
import type { ProgressSeries } from './types.js';

/** Line colours: distinct in hue and lightness, each at least 3:1 against white (WCAG 1.4.11). */
const LINE_COLOURS = ['#1d4f91', '#a3441b', '#146c43', '#7a3e9d', '#8a2846', '#005f73', '#6b4e16', '#3d5a16'];
const DASHES = ['', '8 4', '2 4', '10 4 2 4', '4 4', '', '8 4', '2 4'];

const W = 640;
const H = 280;
const PAD = { left: 64, right: 48, top: 30, bottom: 56 };

export function scaleLabel(t: Translate, scale: string): string {
  return t(`progress.scale.${scale}` as TranslationKey);
}

function anchorLabel(t: Translate, anchor: string): string {
  const key = `progress.anchor.${anchor.replace(/\s+/g, '_')}` as TranslationKey;
  const text = t(key);
  return text === key ? anchor : text;
}

export function ProgressCharts({ series }: { series: ProgressSeries[] }) {
  const { t } = useI18n();
  if (series.length === 0) return <EmptyState text={t('progress.none')} />;
  return (
    <div className="progress-charts">
      {series.map((entry) => (
        <ProgressChart key={`${entry.goalId ?? ''}|${entry.scale}`} series={entry} />
      ))}
    </div>
  );
}

/**
 * One goal on one scale: a line per rater over the meetings, the scale's anchors at its ends
 * (smileys on the dialogue ruler) and, for the FIT scales, the clinical cut-off.
 */
export function ProgressChart({ series }: { series: ProgressSeries }) {
  const { t, locale } = useI18n();
  const id = useId();
  const dates = [...new Set(series.raters.flatMap((rater) => rater.points.map((point) => point.date)))].sort();
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (date: string) => PAD.left + (dates.length <= 1 ? plotW / 2 : (dates.indexOf(date) / (dates.length - 1)) * plotW);
  const y = (value: number) => PAD.top + plotH - ((value - series.min) / (series.max - series.min || 1)) * plotH;
  const step = series.max - series.min > 20 ? 10 : series.max - series.min > 10 ? 5 : 1;
  const ticks: number[] = [];
  for (let v = series.min; v <= series.max; v += step) ticks.push(v);
  const title = series.goalTitle ?? t('progress.session');
  const dialogue = series.scale === 'dialogue';

  return (
    <figure className="progress-chart" data-testid="progress-chart" data-goal={series.goalTitle ?? ''} data-scale={series.scale}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <span className="cell-sub">{scaleLabel(t, series.scale)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="progress-svg" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <desc id={`${id}-desc`}>{t('progress.chartDescription', { raters: series.raters.length, meetings: dates.length })}</desc>
        <rect x={PAD.left} y={PAD.top} width={plotW} height={plotH} fill="#f8f9fb" stroke="#d5dbe3" />
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={PAD.left + plotW} y1={y(tick)} y2={y(tick)} stroke="#e3e7ed" />
            <text x={PAD.left - 8} y={y(tick) + 4} textAnchor="end" fontSize="12" fill="#4a5566">
              {tick}
            </text>
          </g>
        ))}
        {series.cutoff !== null && (
          <g data-testid="cutoff-line">
            <line x1={PAD.left} x2={PAD.left + plotW} y1={y(series.cutoff)} y2={y(series.cutoff)} stroke="#a8201a" strokeWidth="1.5" strokeDasharray="6 4" />
            <text x={PAD.left + 6} y={y(series.cutoff) - 6} fontSize="12" fill="#a8201a">
              {t('progress.cutoff', { value: series.cutoff })}
            </text>
          </g>
        )}
        {dialogue ? (
          <>
            <Smiley cx={22} cy={y(series.max)} mood="happy" label={anchorLabel(t, series.anchors.high)} />
            <Smiley cx={22} cy={y(series.min)} mood="sad" label={anchorLabel(t, series.anchors.low)} />
          </>
        ) : (
          <>
            <text x={PAD.left} y={PAD.top - 10} fontSize="12" fill="#4a5566" data-testid="anchor-high">
              {`▲ ${anchorLabel(t, series.anchors.high)}`}
            </text>
            <text x={PAD.left} y={H - 8} fontSize="12" fill="#4a5566" data-testid="anchor-low">
              {`▼ ${anchorLabel(t, series.anchors.low)}`}
            </text>
          </>
        )}
        {dates.map((date) => (
          <text key={date} x={x(date)} y={H - PAD.bottom + 20} textAnchor="middle" fontSize="12" fill="#4a5566">
            {formatDate(locale, date)}
          </text>
        ))}
        {series.raters.map((rater, index) => {
          const colour = LINE_COLOURS[index % LINE_COLOURS.length]!;
          const points = [...rater.points].sort((a, b) => (a.date < b.date ? -1 : 1));
          const d = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(point.date).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
          return (
            <g key={rater.raterId}>
              <path d={d} fill="none" stroke={colour} strokeWidth="2.5" strokeDasharray={DASHES[index % DASHES.length] || undefined} data-rater={rater.raterName} />
              {points.map((point) => (
                <circle key={point.meetingId} cx={x(point.date)} cy={y(point.value)} r="4.5" fill={colour} stroke="#fff" strokeWidth="1.5" />
              ))}
            </g>
          );
        })}
      </svg>
      <ul className="legend" data-testid="progress-legend" aria-label={t('progress.legend')}>
        {series.raters.map((rater, index) => (
          <li key={rater.raterId}>
            <svg width="28" height="10" aria-hidden="true">
              <line x1="0" x2="28" y1="5" y2="5" stroke={LINE_COLOURS[index % LINE_COLOURS.length]} strokeWidth="3" strokeDasharray={DASHES[index % DASHES.length] || undefined} />
            </svg>
            {rater.raterName} <span className="muted">· {roleLabel(t, rater.raterRole)}</span>
          </li>
        ))}
      </ul>
      <details className="chart-table">
        <summary>{t('progress.showTable')}</summary>
        <div className="table-wrap">
          <table className="table table-compact">
            <caption className="visually-hidden">{t('progress.tableCaption', { goal: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('progress.rater')}</th>
                {dates.map((date) => (
                  <th scope="col" key={date}>
                    {formatDate(locale, date)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.raters.map((rater) => (
                <tr key={rater.raterId}>
                  <th scope="row">{rater.raterName}</th>
                  {dates.map((date) => (
                    <td key={date}>{rater.points.find((point) => point.date === date)?.value ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** The dialogue ruler's anchors: a sad face at the bottom, a happy one at the top. */
function Smiley({ cx, cy, mood, label }: { cx: number; cy: number; mood: 'happy' | 'sad'; label: string }) {
  const mouth = mood === 'happy' ? `M${cx - 6},${cy + 3} Q${cx},${cy + 9} ${cx + 6},${cy + 3}` : `M${cx - 6},${cy + 7} Q${cx},${cy + 1} ${cx + 6},${cy + 7}`;
  return (
    <g data-testid={`anchor-${mood}`}>
      <title>{label}</title>
      <circle cx={cx} cy={cy} r="13" fill={mood === 'happy' ? '#fff4d6' : '#e8eff9'} stroke="#4a5566" strokeWidth="1.5" />
      <circle cx={cx - 4.5} cy={cy - 3} r="1.8" fill="#1b2430" />
      <circle cx={cx + 4.5} cy={cy - 3} r="1.8" fill="#1b2430" />
      <path d={mouth} fill="none" stroke="#1b2430" strokeWidth="1.8" strokeLinecap="round" />
    </g>
  );
}
