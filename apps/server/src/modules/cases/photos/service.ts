import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../http/app-error.js';
import { authorize, requirePrincipal } from '../../identity/guard.js';
import { can, primaryRole } from '../../identity/policy.js';
import type { Principal } from '../../identity/principal.js';
import { canSeeCase } from '../scope.js';
import { cleanPhoto } from './image.js';
import { PhotoRepository, type StoredPhoto } from './repository.js';

export interface PhotoUploaded {
  id: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
}

/**
 * Case photos: anyone may upload (the resident portal takes anonymous reports; visitors are
 * rate-limited per address by the route); a signed-in caller needs 'case.create' or 'case.act'. Nothing is
 * stored before the content is checked and its metadata removed.
 */
export class PhotoService {
  private readonly repo: PhotoRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new PhotoRepository(ctx.db);
  }

  async upload(req: FastifyRequest): Promise<PhotoUploaded> {
    const uploader = await this.uploader(req);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError('INVALID_PHOTO', '请求体应为图片文件的原始内容（Content-Type: image/jpeg、image/png 或 image/webp）', undefined, 'Send the raw image bytes as the body');
    }
    const photo = await cleanPhoto(req.body, req.headers['content-type'], { maxPixels: this.ctx.config.caseIntake.photoMaxPixels });
    const row = await this.repo.insert({ ...photo, uploadedBy: uploader?.userId ?? null });
    return { id: row.id, contentType: photo.contentType, sizeBytes: row.size_bytes, width: photo.width, height: photo.height };
  }

  /**
   * The uploader sees its photo; once attached, whoever may see the case does (staff over its
   * place, handlers of its departments, its reporter). Anyone else gets 404, audited as denied.
   */
  async read(req: FastifyRequest, id: string): Promise<StoredPhoto> {
    const p = requirePrincipal(req);
    const photo = await this.repo.find(id);
    if (photo && mayRead(p, photo)) return photo;
    if (photo) {
      await this.ctx.audit.append({
        actorId: p.userId,
        actorName: p.username,
        actingRole: primaryRole(p),
        action: 'case.read',
        outcome: 'denied',
        resourceType: 'case_photo',
        resourceId: id,
        unitPath: photo.case_path,
        ip: req.ip,
        requestId: req.id,
      });
    }
    throw new AppError('NOT_FOUND', '找不到该照片', undefined, 'No such photo');
  }

  private async uploader(req: FastifyRequest): Promise<Principal | null> {
    // Credentials that were sent but failed (expired session, revoked token) are an error, not anonymity.
    if (!req.principal && req.authProblem) throw new AppError(req.authProblem);
    if (!req.principal) return null;
    // Reporters (case.create) and those who act on cases: a department handler's on-site photos
    // go with its notes and resolution, and a handler may not take cases in.
    if (can(req.principal, 'case.act')) return req.principal;
    return authorize(this.ctx, req, 'case.create');
  }
}

function mayRead(p: Principal, photo: StoredPhoto): boolean {
  if (photo.uploaded_by === p.userId) return true;
  if (!photo.case_id || !photo.case_path) return false;
  // The case engine's own rule: staff over its place, handlers of its departments, its reporter.
  return canSeeCase(p, {
    path: photo.case_path,
    leadDepartmentId: photo.case_lead_department_id,
    assistDepartmentIds: photo.case_assist_department_ids ?? [],
    reporterUserId: photo.case_reporter_id,
  });
}
