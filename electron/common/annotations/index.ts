/** Annotations shared by the engine, the CLI and the viewer: geometry, model, measurements. */
export * from './geometry';
export * from './model';
export * from './classes';
export * from './measure';
export * from './counting';
export * from './format';
