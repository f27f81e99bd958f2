import { contextBridge, ipcRenderer } from 'electron';
import { createIpcBridge } from './bridge';

// The renderer gets the typed contract and nothing else: never ipcRenderer itself.
contextBridge.exposeInMainWorld('phonedeck', createIpcBridge(ipcRenderer));
