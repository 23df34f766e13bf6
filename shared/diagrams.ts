/**
 * The words of the course's diagrams (components/content/Diagram*.vue), kept here once so that the page,
 * the SCORM export and the content checks (reading time, Flesch, language) all read the same text. Each
 * diagram is a picture plus this text, shown in full beside it: the text is the diagram's equivalent, so it
 * must carry everything the picture does. Facts come from the course brief; sentences are our own.
 */

export interface DiagramGroup {
  /** Short label drawn in the picture. */
  label: string
  /** The label in full, for the text beside the picture. */
  title: string
  /** What this part means. */
  meaning?: string
  /** What the carer does, or what belongs here. */
  points: string[]
}

export interface Diagram {
  /** The markdown block that embeds it, e.g. `::diagram-episode-timeline`. */
  tag: string
  /** The figure's caption. */
  caption: string
  /** One or two sentences that sum up the picture, read first by a screen reader. */
  summary: string
  groups: DiagramGroup[]
  /** A closing note, such as how the nations differ. */
  note?: string
}

export const episodeTimeline: Diagram = {
  tag: 'diagram-episode-timeline',
  caption: 'A missing episode in four stages, and what the carer does at each',
  summary: 'A timeline in four stages: before, during, return and after.',
  groups: [
    {
      label: 'Before',
      title: 'Before: plan ahead',
      points: [
        'Agree the plan with the social worker, and with the child where you can.',
        'Keep the Philomena Protocol form and a recent photo up to date.',
        'Tell the child about the Runaway Helpline, 116 000.',
      ],
    },
    {
      label: 'During',
      title: 'During: the child is not where they should be',
      points: [
        'Ring 999 if the child is in danger. Never wait 24 hours.',
        'Make the checks in the plan, and note the times.',
        'Report to the police, and tell the social worker or out-of-hours team.',
      ],
    },
    {
      label: 'Return',
      title: 'Return: the child comes back',
      points: [
        'Welcome them warmly and check if they are hurt.',
        'Tell the police at once. They hold a prevention interview to check the child is safe and well.',
        'If a crime may have happened, do not wash the child or their clothes.',
      ],
    },
    {
      label: 'After',
      title: 'After: follow up',
      points: [
        'In England the council responsible for the child must offer a return home interview, normally within 72 hours.',
        'Write down what the child says in their own words, and tell the social worker.',
        'Review the risk assessment and the plan, and challenge it if no interview is offered.',
      ],
    },
  ],
}

export const pushPull: Diagram = {
  tag: 'diagram-push-pull',
  caption: 'Push factors drive a child away from where they live; pull factors draw them towards people and places',
  summary: 'The child stands between two sets of arrows. Push factors come from where they live and push them out. Pull factors draw them towards other people and places.',
  groups: [
    {
      label: 'Push',
      title: 'Push factors: from where the child lives',
      points: [
        'Conflict or arguments at home.',
        'Abuse or bullying.',
        'Feeling lonely.',
        'Feeling they have no control, or that nobody listens.',
        'Being fed up with "the system".',
      ],
    },
    {
      label: 'Pull',
      title: 'Pull factors: towards people and places',
      points: [
        'Family, or their home area, most of all when they live far away.',
        'Friends.',
        'People who exploit children, for example through county lines or sexual exploitation.',
        'Excitement.',
        'Finding out who they are.',
      ],
    },
  ],
  note: 'Most children feel both at once. Going missing is often a sign that something is wrong, so ask what lies behind it.',
}

export const riskContinuum: Diagram = {
  tag: 'diagram-risk-continuum',
  caption: 'Police risk grades in England and Wales, and what each means for the carer',
  summary: 'A scale of four police risk grades, from very low to high. The risk of harm rises from left to right.',
  groups: [
    {
      label: 'Very low',
      title: 'Very low',
      meaning: 'The lowest grade. It replaced the old "absent" category.',
      points: ['Your part goes on: keep up the checks in the plan, note them, and ring back if anything changes.'],
    },
    {
      label: 'Low',
      title: 'Low',
      meaning: 'Harm is possible, but would be small.',
      points: ['Keep up your checks. Ask for the reference number and the officer\'s name.'],
    },
    {
      label: 'Medium',
      title: 'Medium',
      meaning: 'Harm is likely, but not serious.',
      points: ['Stay in close touch with the police and the social worker, and pass on anything new at once.'],
    },
    {
      label: 'High',
      title: 'High',
      meaning: 'Serious harm is very likely.',
      points: ['Give the police all you know at once, and stay where they can reach you.'],
    },
  ],
  note: 'Whatever the grade, tell the social worker or out-of-hours team. The police set the grade and review it as they learn more. If it seems wrong, say why and ask for a supervisor to review it. Scotland uses three grades: low, medium and high. In Northern Ireland, police figures still use "missing" and the older "absent"; ask your local police how they grade reports. The wording here is ours: check your local police guidance.',
}

export const DIAGRAMS: Diagram[] = [episodeTimeline, pushPull, riskContinuum]

export const diagramByTag = new Map(DIAGRAMS.map(d => [d.tag, d]))

/** The diagram's text in reading order: caption, summary, each group's title, meaning and points, then the note. */
export function diagramText(d: Diagram): string[] {
  return [
    d.caption,
    d.summary,
    ...d.groups.flatMap(g => [g.title, ...(g.meaning ? [g.meaning] : []), ...g.points]),
    ...(d.note ? [d.note] : []),
  ]
}
