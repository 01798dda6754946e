/** The names of a district's batch files inside the output folder. */
export function lettersFileName(district: number): string {
  return `codes-district-${district}.csv`;
}

export function recordFileName(district: number): string {
  return `batch-district-${district}.json`;
}
