/**
 * The Electron entry, and nothing else: the app is composed in main/app (composition root), from feature
 * folders that own their logic. Its folder is passed on because the built preload, page and icons sit
 * beside it.
 */
import { runApp } from './app/electron-main';

runApp(import.meta.dirname);
