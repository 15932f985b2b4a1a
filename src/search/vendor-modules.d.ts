// Type declarations for the two libraries search uses that ship none.

declare module 'stopword' {
  /** Stop-word lists by ISO 639-3 code (lower case words). */
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
  export const deu: string[];
  export const por: string[];
}

declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}
