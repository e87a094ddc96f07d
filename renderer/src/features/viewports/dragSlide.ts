/** A slide thumbnail dragged onto a viewport: the drag carries the slide's id under this type. */
export const SLIDE_DRAG_TYPE = 'application/x-lillepath-slide';

export function slideDragData(event: React.DragEvent, slideId: string): void {
  event.dataTransfer.setData(SLIDE_DRAG_TYPE, slideId);
  event.dataTransfer.effectAllowed = 'copy';
}

/** Whether a drag carries a slide (while over a viewport the id itself cannot be read). */
export function carriesSlide(event: React.DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes(SLIDE_DRAG_TYPE);
}

export function droppedSlide(event: React.DragEvent): string | null {
  const id = event.dataTransfer.getData(SLIDE_DRAG_TYPE);
  return id === '' ? null : id;
}
