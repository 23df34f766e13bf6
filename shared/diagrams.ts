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
  caption: 'A missing episode, from before to after, and what the carer does at each stage',
  summary: 'A timeline in four stages: before, during, return and after. The list below says what you do at each one.',
  groups: [
    {
      label: 'Before',
      title: 'Before: plan ahead',
      points: [
        'Agree the plan for going missing with the social worker, and with the child where you can.',
        'Keep the Philomena Protocol form and a recent photo up to date.',
        'Get to know what might push or pull the child away.',
        'Tell the child about the Runaway Helpline, 116 000.',
      ],
    },
    {
      label: 'During',
      title: 'During: the child is not where they should be',
      points: [
        'Ring 999 at once if the child is in danger. You never need to wait 24 hours.',
        'Otherwise make the checks the plan sets out, and write down what you did and when.',
        'Report to the police with the facts they need, and tell the social worker or out-of-hours team.',
        'Keep checking and call the police back if anything changes.',
      ],
    },
    {
      label: 'Return',
      title: 'Return: the child comes back',
      points: [
        'Welcome them warmly and check if they are hurt.',
        'Tell the police at once that the child is back.',
        'If a sexual assault or other crime may have happened, do not wash the child or their clothes, and call the police.',
        'The police talk with the child to check they are safe and well. This is the prevention interview.',
      ],
    },
    {
      label: 'After',
      title: 'After: follow up',
      points: [
        'In England the council should offer a return home interview, normally within 72 hours.',
        'Write down what the child says in their own words, and tell the social worker.',
        'Look again at the risk assessment and the plan after every episode.',
        'Challenge it, in writing, if no return home interview is offered.',
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
  caption: 'The police risk grades in England and Wales, from very low to high, and what each means for the carer',
  summary: 'A scale of four police risk grades: very low, low, medium and high. The risk of harm rises from left to right. The list below says what each grade means for you.',
  groups: [
    {
      label: 'Very low',
      title: 'Very low',
      meaning: 'The lowest grade. It took the place of the old "absent" category.',
      points: ['The police response is smaller, but your part goes on. Keep up the checks in the plan, write them down, and ring back at once if anything changes.'],
    },
    {
      label: 'Low',
      title: 'Low',
      meaning: 'Harm is possible, but would be small.',
      points: ['Keep up your checks and notes as the plan and the police agree. Ask for the reference number and the officer\'s name.'],
    },
    {
      label: 'Medium',
      title: 'Medium',
      meaning: 'Harm is likely, but not serious.',
      points: ['Stay in close touch with the police and the social worker. Pass on anything new straight away.'],
    },
    {
      label: 'High',
      title: 'High',
      meaning: 'Serious harm is very likely.',
      points: ['Give the police all you know at once, and stay where they can reach you. Tell the out-of-hours team.'],
    },
  ],
  note: 'The police set the grade, not you, and review it as they learn more. If a grade seems wrong, say why and ask for a supervisor to review it. Scotland uses three grades: low, medium and high. The wording here is ours: check your local police guidance.',
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
