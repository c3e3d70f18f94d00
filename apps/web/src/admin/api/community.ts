import type {
  Birth,
  BuildingDetail,
  BuildingUpdate,
  CompoundDetail,
  CompoundUpdate,
  Household,
  HouseholdCreate,
  HouseholdDetail,
  HouseholdUpdate,
  MoveIn,
  Resident,
  ResidentChange,
  ResidentCreate,
} from '@gongzhi/contracts';
import { getJson, sendJson } from './client';
import type { Page } from './jurisdictions';

export type ResidentQuery = {
  unit?: string;
  compound?: string;
  building?: string;
  household?: string;
  status?: string;
  relation?: string;
  hukouHere?: string;
  livesHere?: string;
  tag?: string;
  ageMin?: number;
  ageMax?: number;
  q?: string;
  limit?: number;
  cursor?: string | null;
};

/** 社区云 core data: compounds, buildings, households, residents (masked) and their changes. */
export const communityApi = {
  compound: (id: string, signal?: AbortSignal) => getJson<CompoundDetail>(`/api/compounds/${id}`, undefined, signal),
  updateCompound: (id: string, body: CompoundUpdate) => sendJson<CompoundDetail>('PATCH', `/api/compounds/${id}`, body),
  building: (id: string, signal?: AbortSignal) => getJson<BuildingDetail>(`/api/buildings/${id}`, undefined, signal),
  updateBuilding: (id: string, body: BuildingUpdate) => sendJson<BuildingDetail>('PATCH', `/api/buildings/${id}`, body),
  households: (query: { building?: string; compound?: string; unit?: string; housingStatus?: string; groupRental?: string; limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<Page<Household>>('/api/households', query, signal),
  household: (id: string, signal?: AbortSignal) => getJson<HouseholdDetail>(`/api/households/${id}`, undefined, signal),
  createHousehold: (body: HouseholdCreate) => sendJson<HouseholdDetail>('POST', '/api/households', body),
  updateHousehold: (id: string, body: HouseholdUpdate) => sendJson<HouseholdDetail>('PATCH', `/api/households/${id}`, body),
  moveIn: (householdId: string, body: MoveIn) => sendJson<Resident>('POST', `/api/households/${householdId}/move-in`, body),
  birth: (householdId: string, body: Birth) => sendJson<Resident>('POST', `/api/households/${householdId}/birth`, body),
  residents: (query: ResidentQuery, signal?: AbortSignal) => getJson<Page<Resident>>('/api/residents', query, signal),
  resident: (id: string, signal?: AbortSignal) => getJson<Resident>(`/api/residents/${id}`, undefined, signal),
  history: (id: string, signal?: AbortSignal) => getJson<{ items: ResidentChange[] }>(`/api/residents/${id}/history`, undefined, signal),
  createResident: (body: ResidentCreate) => sendJson<Resident>('POST', '/api/residents', body),
  updateResident: (id: string, body: Record<string, unknown> & { version: number }) => sendJson<Resident>('PATCH', `/api/residents/${id}`, body),
  setTags: (id: string, body: { version: number; tags: string[]; reason?: string }) => sendJson<Resident>('PUT', `/api/residents/${id}/tags`, body),
  moveOut: (id: string, body: { version?: number; leftOn: string; reason: string }) => sendJson<Resident>('POST', `/api/residents/${id}/move-out`, body),
  death: (id: string, body: { version?: number; diedOn: string; reason?: string }) => sendJson<Resident>('POST', `/api/residents/${id}/death`, body),
  move: (id: string, body: { version?: number; householdId: string; movedOn: string; relation?: string; reason?: string }) => sendJson<Resident>('POST', `/api/residents/${id}/move`, body),
};
