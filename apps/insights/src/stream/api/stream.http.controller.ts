import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { interval, map, merge, takeUntil, type Observable } from 'rxjs';
import { Roles } from '@dx/service-kit';
import { UpdateFeed } from '../persistence/update-feed';

/** A comment line often enough that proxies keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

@ApiTags('insights')
@ApiBearerAuth()
@Controller('insights')
@Roles('dashboard', 'operator')
export class StreamHttpController {
  constructor(private readonly feed: UpdateFeed) {}

  @Sse('stream')
  @ApiOperation({
    summary:
      'Server-Sent Events: an `update` event (events, types, latest) whenever the read models change, a `heartbeat` every 15 s (dashboard, operator)',
  })
  @ApiResponse({
    status: 200,
    description:
      'an event stream: `event: update` with `{events, types, latest}` when the read models change, `event: heartbeat` with `{at}` every 15 s',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(): Observable<MessageEvent> {
    return merge(
      this.feed.updates.pipe(map((u): MessageEvent => ({ type: 'update', data: u }))),
      interval(HEARTBEAT_MS).pipe(
        map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })),
      ),
    ).pipe(takeUntil(this.feed.closing));
  }
}
