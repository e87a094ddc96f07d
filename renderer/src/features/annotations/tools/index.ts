/** One tool instance per id; tools keep their in-progress state until cancelled. */
import { CountTool } from './countTool';
import { FreehandTool } from './freehandTool';
import { PointTool } from './pointTool';
import { PolygonTool } from './polygonTool';
import { SelectTool } from './selectTool';
import { TwoPointTool } from './twoPointTool';
import type { Tool, ToolId } from './types';

export function createTool(id: ToolId): Tool {
  switch (id) {
    case 'select':
      return new SelectTool();
    case 'point':
    case 'text':
      return new PointTool(id);
    case 'line':
    case 'arrow':
    case 'rectangle':
    case 'ellipse':
      return new TwoPointTool(id);
    case 'polygon':
      return new PolygonTool();
    case 'freehand':
      return new FreehandTool();
    case 'count':
      return new CountTool();
  }
}

export type { Effect, Phase, Preview, Tool, ToolContext, ToolEvent, ToolId } from './types';
export { TOOL_IDS } from './types';
