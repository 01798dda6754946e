/** Data a page loads (and reloads on live updates): value, error and whether a load is running. */
export class Resource<T> {
  value = $state.raw<T | undefined>(undefined);
  error = $state.raw<unknown>(null);
  loading = $state(false);
  #generation = 0;

  constructor(private readonly load: () => Promise<T>) {}

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await this.load();
      if (generation === this.#generation) {
        this.value = value;
        this.error = null;
      }
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
